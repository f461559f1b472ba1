# The Leeraanbod application image: the web app (gunicorn workers) and the command line (crawl,
# index).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    LEERAANBOD_DATA_DIR=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY leeraanbod ./leeraanbod
COPY catalogue ./catalogue
COPY crawlers ./crawlers
COPY index ./index
COPY taxonomy ./taxonomy
COPY web ./web
COPY reports ./reports
COPY funding ./funding
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /data leeraanbod \
    && mkdir -p /data && chown leeraanbod /data

USER leeraanbod
VOLUME ["/data"]
EXPOSE 8080
# gunicorn, one worker per CPU (LEERAANBOD_WEB_WORKERS), the taxonomy loaded once before the fork
CMD ["leeraanbod", "serve", "--host", "0.0.0.0", "--port", "8080"]
