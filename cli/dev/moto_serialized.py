"""moto server, with DynamoDB requests one at a time.

Real DynamoDB applies each conditional write atomically per item. moto's threaded server checks
the condition and writes in two steps, so two concurrent requests can both pass a condition that
only one should (seen: a rate limit of 5 admitting 7). Serializing DynamoDB requests restores the
guarantee Reflex's guardrails rely on. Other services stay concurrent: an SQS long poll must not
hold up everyone else.

Usage: python3 moto_serialized.py HOST PORT
"""

import os
import signal
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    os.environ.setdefault("MOTO_PORT", str(port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    app = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()

    def serialized(environ, start_response):
        if not environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB"):
            return app(environ, start_response)
        with lock:
            return list(app(environ, start_response))

    run_simple(host, port, serialized, threaded=True)


if __name__ == "__main__":
    main()
