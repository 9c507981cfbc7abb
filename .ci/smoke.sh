#!/usr/bin/env bash
# `npm start` as a new user runs it: no DATABASE_URL, an empty data folder.
# It must build the client, serve /readyz 200 and let the demo receptionist sign in.
set -euo pipefail
dir=$(mktemp -d)
port=18080
rm -rf dist
if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then echo "port $port is already taken"; exit 1; fi
# In a process group of its own, so stopping it stops npm and the server under it.
setsid env -u DATABASE_URL PORT=$port DATA_DIR="$dir/pglite" npm start >"$dir/out.log" 2>&1 &
pid=$!
trap 'kill -TERM -- -$pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 180); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$dir/out.log"; exit 1; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/readyz"; echo
# The sign-in is printed just after the server starts listening.
for _ in $(seq 20); do grep -q 'reception@demo.doctorq.tn' "$dir/out.log" && break; sleep 0.5; done
grep -q 'reception@demo.doctorq.tn' "$dir/out.log" || { echo "no demo login printed"; cat "$dir/out.log"; exit 1; }
curl -fsS -o /dev/null -w 'GET / -> %{http_code}\n' "http://127.0.0.1:$port/"
code=$(curl -sS -o "$dir/login.json" -w '%{http_code}' -H 'content-type: application/json' \
  -d '{"email":"reception@demo.doctorq.tn","password":"doctorq-demo"}' "http://127.0.0.1:$port/api/auth/login")
[ "$code" = 200 ] || { echo "demo login failed: $code"; cat "$dir/login.json"; exit 1; }
echo "demo receptionist signed in"
