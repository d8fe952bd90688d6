# Sparring in a container: a slim image that runs as a user without rights, with the locked
# dependencies. It applies the migrations, then runs the command given (default `serve`, the
# HTTP mode; `run` for Socket Mode). See README.md, "Container".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH=/app/.venv/bin:$PATH

RUN pip install --no-cache-dir uv==0.13.9 \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin sparring \
    && mkdir /data && chown sparring /data

WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY alembic.ini ./
COPY bot bot
COPY handlers handlers
COPY models models
COPY migrations migrations
RUN uv sync --frozen --no-dev

USER sparring
# Listen beyond the container; the SQLite default goes to the /data volume.
ENV HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=sqlite:////data/sparring.db
VOLUME /data
EXPOSE 3000
STOPSIGNAL SIGTERM
ENTRYPOINT ["sh", "-c", "sparring-bot migrate && exec sparring-bot \"$@\"", "sparring-bot"]
CMD ["serve"]
