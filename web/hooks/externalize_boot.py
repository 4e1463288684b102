"""Trunk post-build hook: moves Trunk's inline boot script into a file of its own.

The page's Content-Security-Policy allows scripts only from the app's own files ('self'), so
the inline <script type="module"> Trunk writes into index.html would be blocked.
"""
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("TRUNK_STAGING_DIR is not set: run this as a Trunk hook")
index = os.path.join(staging, "index.html")
with open(index, encoding="utf-8") as f:
    html = f.read()
pattern = re.compile(r'<script type="module">(.*?)</script>', re.S)
match = pattern.search(html)
if match is None:
    sys.exit(0)
body = match.group(1).strip() + "\n"
name = "boot-%s.js" % hashlib.sha256(body.encode()).hexdigest()[:16]
with open(os.path.join(staging, name), "w", encoding="utf-8") as f:
    f.write(body)
html = html[: match.start()] + '<script type="module" src="/%s"></script>' % name + html[match.end():]
if pattern.search(html):
    sys.exit("more than one inline module script in index.html")
with open(index, "w", encoding="utf-8") as f:
    f.write(html)
