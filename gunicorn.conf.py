"""gunicorn settings; command-line flags (bind, workers) override these."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("THREADS", "1"))
timeout = int(os.environ.get("TIMEOUT", "30"))
graceful_timeout = 10
keepalive = 5
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
# Load the app once in the master so a broken deploy fails at start, not per worker.
preload_app = True
