FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /srv

COPY pyproject.toml constraints.txt README.md ./
COPY app ./app
COPY db ./db
COPY schema ./schema
COPY subscriptions ./subscriptions
COPY alembic.ini ./
RUN pip install --no-cache-dir -c constraints.txt -e . \
    && useradd --system --no-create-home samverka
USER samverka

EXPOSE 8000
CMD ["python", "-m", "app.cli", "serve"]
