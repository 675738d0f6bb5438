"""moto server, with DynamoDB requests one at a time.

Real DynamoDB applies each conditional write atomically per item. moto's threaded server checks
the condition and writes in two steps, so two concurrent requests can both pass a condition that
only one should (seen: a rate limit of 5 admitting 7). Serializing DynamoDB requests restores the
guarantee Reflex's guardrails rely on. Other services stay concurrent: an SQS long poll must not
hold up everyone else.

Usage: python3 moto_serialized.py HOST PORT
"""

import io
import json
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
    receive_lock = threading.Lock()

    def short_receive(environ) -> bool:
        """An SQS ReceiveMessage that does not long-poll (its body is read, then put back)."""
        if environ.get("HTTP_X_AMZ_TARGET", "") != "AmazonSQS.ReceiveMessage":
            return False
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        try:
            wait = json.loads(body or b"{}").get("WaitTimeSeconds", 0)
        except ValueError:
            return False
        return not wait

    def serialized(environ, start_response):
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB"):
            with lock:
                return list(app(environ, start_response))
        # moto's threaded SQS can hand one message to two concurrent receivers (it reads what is
        # visible, then hides it). Real SQS may also deliver twice, rarely; here it happened under
        # load, so tests that count deliveries flickered. Short receives take turns; long polls
        # (reflex dev's consumers) stay concurrent, so one waiting poll holds up nobody.
        if short_receive(environ):
            with receive_lock:
                return list(app(environ, start_response))
        return app(environ, start_response)

    run_simple(host, port, serialized, threaded=True)


if __name__ == "__main__":
    main()
