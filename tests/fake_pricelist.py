"""A local Price List endpoint (JSON 1.1, ``AWSPriceListService.GetProducts``) on 127.0.0.1 for CLI tests."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakePriceList:
    """Serves ``items[service_code]`` two per page; ``fail_with`` = (status, error type) fails every call."""

    def __init__(self, items, fail_with=None, page_size=2):
        self.items, self.fail_with, self.page_size, self.calls = items, fail_with, page_size, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                outer.calls.append((self.headers.get("X-Amz-Target"), body))
                if outer.fail_with:
                    status, kind = outer.fail_with
                    return self._send(status, {"__type": kind, "message": "simulated failure"})
                items = outer.items.get(body.get("ServiceCode"), [])
                start = int(body.get("NextToken") or 0)
                page = items[start:start + outer.page_size]
                out = {"FormatVersion": "aws_v1", "PriceList": page}
                if start + outer.page_size < len(items):
                    out["NextToken"] = str(start + outer.page_size)
                self._send(200, out)

            def _send(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
