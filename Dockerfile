# The API and the search worker: one image, two commands (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY directory ./directory
COPY api ./api
COPY search ./search
COPY seeds ./seeds
RUN pip install . && useradd --system --create-home directory \
    && install -d -o directory -m 700 /home/directory/keys

USER directory
ENV INSTANCE_PATH=/home/directory/instance
EXPOSE 8000
CMD ["gunicorn", "-c", "python:api.gunicorn_conf", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-", "api:create_app()"]
