# The Leeraanbod application image: the web app (waitress) and the command line (crawl, index).
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
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /data leeraanbod \
    && mkdir -p /data && chown leeraanbod /data

USER leeraanbod
VOLUME ["/data"]
EXPOSE 8080
# web.create_app is the Flask application factory
CMD ["waitress-serve", "--listen=0.0.0.0:8080", "--call", "web:create_app"]
