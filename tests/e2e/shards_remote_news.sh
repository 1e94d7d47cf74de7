#!/bin/bash
# slow: shards_remote.sh over 400 tech-news articles besides sample-corpus/ (a few minutes on a loaded 2-core machine)
# shards_remote_news.sh - the remote-shard comparison on a larger, real collection.
SHARDS_TECH=400 exec bash "$(dirname "$0")/shards_remote.sh"
