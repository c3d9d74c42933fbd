#!/usr/bin/env python3
"""docs/deploy.md tried end to end: build the bundled portal for a sub-path, copy it where the
doc says, serve it with Nginx using exactly the doc's server block, and follow every link.

Usage: python3 tests/deploy/nginx_test.py path/to/nianbao
"""
import gzip
import html.parser
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SUB = "/xxgk/ndbg/"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with OPENER.open(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def nginx_block():
    doc = open(os.path.join(REPO, "docs/deploy.md"), encoding="utf-8").read()
    after = doc.split("<!-- nginx-config:", 1)[1]
    return after.split("```nginx\n", 1)[1].split("```", 1)[0]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="nianbao-nginx-")
    nginx = None
    failures = []
    try:
        port = free_port()
        origin = f"http://127.0.0.1:{port}"
        public = os.path.join(tmp, "public")
        subprocess.run(
            [binary, "--root", REPO, "build", "--output", public, "--base-url", origin + SUB],
            check=True, stdout=subprocess.DEVNULL,
        )
        # As the doc says: the folder's contents go to the sub-path of the web root.
        www = os.path.join(tmp, "www")
        shutil.copytree(public, os.path.join(www, SUB.strip("/")))
        block = nginx_block()
        block = block.replace("listen 80;", f"listen 127.0.0.1:{port};")
        block = block.replace("root /srv/www;", f"root {www};")
        conf = os.path.join(tmp, "nginx.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(
                f"worker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
                "user root;\nevents {}\nhttp {\n"
                f"access_log off;\nclient_body_temp_path {tmp}/body;\nproxy_temp_path {tmp}/proxy;\n"
                f"fastcgi_temp_path {tmp}/fcgi;\nuwsgi_temp_path {tmp}/uwsgi;\nscgi_temp_path {tmp}/scgi;\n"
                + block + "\n}\n"
            )
        nginx = subprocess.Popen(
            ["nginx", "-p", tmp, "-c", conf, "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        start = time.time()
        while True:
            try:
                fetch(origin + SUB)
                break
            except (urllib.error.URLError, ConnectionError):
                if time.time() - start > 10 or nginx.poll() is not None:
                    err = nginx.stderr.read().decode() if nginx.poll() is not None else ""
                    raise SystemExit(f"nginx did not start: {err}")
                time.sleep(0.05)

        # Follow every link of every page, starting at the portal's home.
        seen, queue, pages, links = set(), [origin + SUB], 0, 0
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            status, headers, body = fetch(url)
            links += 1
            if status != 200:
                failures.append(f"{status} {url}")
                continue
            if not headers.get("Content-Type", "").startswith("text/html"):
                continue
            pages += 1
            parser = Links()
            parser.feed(body.decode("utf-8"))
            for link in parser.links:
                target = urllib.parse.urljoin(url, link).split("#", 1)[0]
                if not target.startswith(origin):
                    continue
                if not urllib.parse.urlparse(target).path.startswith(SUB):
                    failures.append(f"{url} links outside the sub-path: {link}")
                    continue
                queue.append(target)

        # sitemap.xml: every entry is an address of the deployed site that answers.
        _, _, sitemap = fetch(origin + SUB + "sitemap.xml")
        locs = re.findall(r"<loc>([^<]+)</loc>", sitemap.decode("utf-8"))
        for loc in locs:
            if not loc.startswith(origin + SUB) or fetch(loc)[0] != 200:
                failures.append(f"sitemap entry does not resolve: {loc}")

        # A missing page gets the portal's 404 page, with status 404.
        status, _, body = fetch(origin + SUB + "no-such-page/")
        if status != 404 or "页面不存在".encode() not in body:
            failures.append(f"missing page: status {status}, not the portal's 404 page")
        # A folder without its slash is redirected, relative to the same host.
        status, headers, _ = fetch(origin + SUB + "changxingdao/2022")
        if status != 301 or headers.get("Location") != SUB + "changxingdao/2022/":
            failures.append(f"no-slash redirect: {status} {headers.get('Location')}")
        # Compressed pages and data; the hashed stylesheet kept long, pages revalidated.
        status, headers, body = fetch(origin + SUB, {"Accept-Encoding": "gzip"})
        if headers.get("Content-Encoding") != "gzip" or b"<html" not in gzip.decompress(body):
            failures.append("home page not served gzipped")
        if "no-cache" not in headers.get("Cache-Control", ""):
            failures.append("pages are not revalidated")
        _, headers, _ = fetch(origin + SUB + "static/style.css")
        if "immutable" not in headers.get("Cache-Control", ""):
            failures.append("the stylesheet is not cached long")
        _, headers, _ = fetch(origin + SUB + "data/nianbao.csv", {"Accept-Encoding": "gzip"})
        if not headers.get("Content-Type", "").startswith("text/csv"):
            failures.append(f"CSV served as {headers.get('Content-Type')}")
        # Nothing outside the site folder leaks through.
        if fetch(origin + SUB + "../.public.nianbao")[0] == 200:
            failures.append("the build marker is served")

        print(f"nginx: {pages} pages, {links} links and {len(locs)} sitemap entries checked under {SUB}")
        for f in failures:
            print("FAIL", f)
        checks = 8
        print(f"{checks - min(len(failures), checks)} passed, {min(len(failures), checks)} failed")
        return 1 if failures else 0
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
