-- fts5_schema.sql - the SQLite FTS5 peer, with FTS5's documented defaults
-- apart from the tokenizer, which asks for English stemming (porter) over
-- unicode61 as Docket and Xapian stem English.  Positions (detail=full) and
-- the stored text (a normal content table) are FTS5's defaults.
-- Rows come from bench/peers/jsonl2csv.py through sqlite3's ".import --csv".
CREATE VIRTUAL TABLE docs USING fts5(
	id UNINDEXED, title, source, date UNINDEXED, text,
	tokenize = 'porter unicode61'
);
