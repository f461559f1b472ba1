# The Leeraanbod application image: the web app (gunicorn workers) and the command line (crawl,
# index). The package is built as a wheel from pyproject.toml (its package list and package
# data: the bundled ESCO snapshot, the crawl fixtures, the translations), then installed:
# there is no list of folders to keep in step here.
FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --no-deps -w /wheels .

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    LEERAANBOD_DATA_DIR=/data

COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl \
    && rm -rf /wheels \
    && useradd --system --uid 10001 --home-dir /data leeraanbod \
    && mkdir -p /data && chown leeraanbod /data

USER leeraanbod
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
# `init` migrates the catalogue store and loads the bundled ESCO snapshot into the taxonomy
# store (an imported official release is kept); then gunicorn, one worker per CPU
# (LEERAANBOD_WEB_WORKERS), the taxonomy loaded once before the fork
CMD ["sh", "-c", "leeraanbod init && exec leeraanbod serve --host 0.0.0.0 --port 8080"]
