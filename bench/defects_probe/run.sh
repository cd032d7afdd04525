#!/bin/bash
# usage: run.sh DIR OUTFILE: runs each reproduction in DIR (made by make_inputs.py) with the gegenprobe on PATH;
# records exit code, tracebacks, the last stderr lines and how many articles were stored
G=${GEGENPROBE:-gegenprobe}
cd "$1"; out=$(realpath -m "$2"); : > "$out"
case_() { # name, then command...
  name=$1; shift
  c=$(mktemp -d); export GEGENPROBE_CORPUS=$c/corpus
  start=$(date +%s.%N)
  timeout 60 "$@" > $c/stdout 2> $c/stderr; rc=$?
  dur=$(echo "$(date +%s.%N) - $start" | bc)
  tb=$(grep -c Traceback $c/stderr)
  n=$(timeout 20 $G corpus stats --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])' 2>/dev/null)
  echo "### $name  rc=$rc  traceback=$tb  stored=${n:-?}  secs=$(printf %.1f $dur)" >> $out
  grep -v '^\s*$' $c/stderr | grep -v '━' | tail -3 | cut -c1-220 | sed 's/^/    /' >> $out
  rm -rf $c
}
case_ "1 untitled jsonl add" $G corpus add untitled.jsonl --no-index
case_ "3 english at 101 add (default)" $G corpus add english_mid.jsonl --no-index
case_ "6 url=12345 keep-going" $G corpus add bad_url_12345.jsonl --keep-going --no-index
case_ "6 date=NaN keep-going" $G corpus add bad_date_nan.jsonl --keep-going --no-index
case_ "6 date=1e20 keep-going" $G corpus add bad_date_1e+20.jsonl --keep-going --no-index
case_ "7 deep.json add" $G corpus add deep.json --no-index
case_ "7 deep.jsonl add" $G corpus add deep.jsonl --no-index
case_ "7 deep.json score" $G score deep.json --out ./s.jsonl
case_ "7 bad warc" $G corpus add bad.warc --no-index
case_ "7 /dev/zero text" $G corpus add --format text /dev/zero --no-index
case_ "8 huge.jsonl score" $G score huge.jsonl --out ./s.jsonl
case_ "8 huge_line.txt add" $G corpus add huge_line.txt --no-index
case_ "10 trunc.txt.gz" $G corpus add trunc.txt.gz --no-index
case_ "10 trunc.json.gz" $G corpus add trunc.json.gz --no-index
case_ "11 mixed utf8" $G corpus add mixed.txt --no-index
case_ "11 utf16" $G corpus add utf16.txt --no-index
case_ "13 weird ids" $G corpus add weird.jsonl --no-index
case_ "13 fifo" $G corpus add fifo.txt --no-index
case_ "13 symlink loop" $G corpus add loop/x.txt --no-index
case_ "13 ragged csv score" $G score ragged.csv --out ./s.jsonl
case_ "13 columns missing" $G corpus add ragged.csv --columns title=Nope --no-index
case_ "13 stats on missing corpus" $G corpus stats --corpus ./nonexistent-corpus
echo "existing" > keep.jsonl
case_ "12 score --out existing, no input" $G score nothere.jsonl --out ./keep.jsonl
echo "    keep.jsonl now: $(wc -c < keep.jsonl) bytes" >> $out
