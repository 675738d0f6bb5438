"""moto server, with DynamoDB requests one at a time.

Real DynamoDB applies each conditional write atomically per item. moto's threaded server checks
the condition and writes in two steps, so two concurrent requests can both pass a condition that
only one should (seen: a rate limit of 5 admitting 7). Serializing DynamoDB requests restores the
guarantee Reflex's guardrails rely on. Other services stay concurrent: an SQS long poll must not
hold up everyone else.

moto also copies, whole, every table a transaction touches, to roll back a cancelled one (moto
5.2.1, transact_write_items): each transaction costs more as the table grows (the audit chain
appends with one). Only the items a transaction names can change, so the launcher keeps copies of
those and restores them instead.

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


def roll_back_only_touched_items() -> None:
    import copy

    import moto.dynamodb.models as models
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.dynamo_type import DynamoType

    original = DynamoDBBackend.transact_write_items

    class TablesNotCopied:
        """Stands in for the copy module inside transact_write_items: the table itself is "the copy"."""

        @staticmethod
        def deepcopy(value, memo=None):
            return value

    def transact_write_items(self, transact_items):
        saved = []
        for entry in transact_items:
            _, op = next(iter(entry.items()))
            table = self.tables.get(op.get("TableName"))
            attrs = op.get("Item") or op.get("Key") or {}
            if table is None or table.hash_key_attr not in attrs:
                continue
            hash_key = DynamoType(attrs[table.hash_key_attr])
            range_key = DynamoType(attrs[table.range_key_attr]) if table.range_key_attr in attrs else None
            if table.has_range_key and range_key is None:
                continue
            saved.append((table, hash_key, range_key, copy.deepcopy(table.get_item(hash_key, range_key))))
        models.copy = TablesNotCopied
        try:
            return original(self, transact_items)
        except Exception:
            for table, hash_key, range_key, before in reversed(saved):
                if before is None:
                    table.delete_item(hash_key, range_key)
                elif range_key is not None:
                    table.items[hash_key][range_key] = before
                else:
                    table.items[hash_key] = before
            raise
        finally:
            models.copy = copy

    DynamoDBBackend.transact_write_items = transact_write_items


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    os.environ.setdefault("MOTO_PORT", str(port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    roll_back_only_touched_items()
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
