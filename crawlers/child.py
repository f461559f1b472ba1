"""Runs crawls in this process: ``python -m crawlers.child JOB.json``.

Twisted's reactor cannot be restarted, so every batch of crawls gets a fresh process (see
:mod:`crawlers.runner`). The job file lists the spiders with their arguments and the Scrapy
settings; the crawlers run side by side in one reactor, and their stats are written as a JSON
list (in job order) to ``job["result_path"]``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def main(job_path: str) -> int:
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    if job.get("frozen_time"):
        import time_machine  # a test dependency: only tests freeze time

        time_machine.travel(job["frozen_time"], tick=True).start()

    from scrapy.crawler import CrawlerProcess

    from crawlers.registry import spider_class

    process = CrawlerProcess(settings=job["settings"])
    crawlers = []
    for crawl in job["crawls"]:
        crawler = process.create_crawler(spider_class(crawl["spider"]))
        process.crawl(crawler, **crawl.get("spider_kwargs", {}))
        crawlers.append(crawler)
    process.start()
    results = [c.stats.get_stats() if c.stats else {} for c in crawlers]
    Path(job["result_path"]).write_text(json.dumps(_json_safe(results)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
