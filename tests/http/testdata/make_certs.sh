#!/bin/sh
# Regenerates the TLS fixtures of http_tls_test.cc (valid for 100 years):
#   ca.pem            a private test CA
#   server.pem/.key   a server certificate from that CA for 127.0.0.1 and localhost
#   other_host.pem    the same key, certified for other.example only
# Test-only keys: they protect nothing.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/ca.key" -out ca.pem -days 36500 \
  -subj "/CN=wf test CA"
openssl req -newkey rsa:2048 -nodes -keyout server.key -out "$tmp/server.csr" -subj "/CN=wf test server"
sign() {  # sign OUT SUBJECT_ALT_NAME
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$2" > "$tmp/ext"
  openssl x509 -req -in "$tmp/server.csr" -CA ca.pem -CAkey "$tmp/ca.key" -CAcreateserial \
    -CAserial "$tmp/ca.srl" -out "$1" -days 36500 -extfile "$tmp/ext"
}
sign server.pem "IP:127.0.0.1,DNS:localhost"
sign other_host.pem "DNS:other.example"
