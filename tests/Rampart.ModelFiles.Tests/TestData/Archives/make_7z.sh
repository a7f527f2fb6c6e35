#!/usr/bin/env bash
# Makes the encrypted 7-Zip fixtures with 7-Zip's 7zz (Debian package 7zip). Password: secret.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'hello model\n' > "$work/notes.txt"
rm -f encrypted_headers.7z encrypted_data.7z
(cd "$work" && 7zz a -psecret -mhe=on -bso0 -bsp0 encrypted_headers.7z notes.txt && 7zz a -psecret -mhe=off -bso0 -bsp0 encrypted_data.7z notes.txt)
cp "$work/encrypted_headers.7z" "$work/encrypted_data.7z" .
