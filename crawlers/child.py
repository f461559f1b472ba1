"""Runs ONE crawl in this process: ``python -m crawlers.child JOB.json``.

Twisted's reactor cannot be restarted, so every crawl gets a fresh process (see
:mod:`crawlers.runner`). The job file names the spider, its arguments and the Scrapy
settings; the crawl's stats are written as JSON to ``job["result_path"]``.
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
    crawler = process.create_crawler(spider_class(job["spider"]))
    process.crawl(crawler, **job.get("spider_kwargs", {}))
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    Path(job["result_path"]).write_text(json.dumps(_json_safe(stats)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
