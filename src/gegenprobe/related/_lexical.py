"""On-disk BM25 index (tantivy) over lemmatised terms; incremental adds and deletes."""

from __future__ import annotations

from pathlib import Path

import tantivy

from ..text import lexical_terms

_ANALYZER = "de_lemma_stem"
_HEAP_BYTES = 200_000_000
# a title says what a story is about (a separate lead field lowered MRR@10 from 0.49 to 0.46: it counts
# lead terms twice)
TITLE_BOOST = 1.5


def _analyzer() -> tantivy.TextAnalyzer:
    # our terms are lemmas already; the snowball stemmer folds what the lemma dictionary misses
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("german"))
        .build()
    )


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("rowid", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", tokenizer_name=_ANALYZER, index_option="freq")
    builder.add_text_field("body", tokenizer_name=_ANALYZER, index_option="freq")
    return builder.build()


class LexicalIndex:
    """BM25 over title and body terms; the store's rowids are the keys."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(_schema(), path=str(path), reuse=True)
        self._analyzer = _analyzer()
        self.index.register_tokenizer(_ANALYZER, self._analyzer)

    def add(self, rows: list[tuple[int, str, str]]) -> None:
        """Index ``(rowid, title, body)`` rows; a rowid indexed before is replaced, not doubled."""
        writer = self.index.writer(heap_size=_HEAP_BYTES, num_threads=1)
        for rowid, title, body in rows:
            writer.delete_documents_by_term("rowid", rowid)
            writer.add_document(tantivy.Document(
                rowid=rowid, title=" ".join(lexical_terms(title)), body=" ".join(lexical_terms(body))
            ))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def delete(self, rowids: list[int]) -> None:
        writer = self.index.writer(heap_size=_HEAP_BYTES, num_threads=1)
        for rowid in rowids:
            writer.delete_documents_by_term("rowid", rowid)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def __len__(self) -> int:
        return int(self.index.searcher().num_docs)

    def _query(self, weighted_terms: dict[str, float]) -> tantivy.Query | None:
        """A flat OR of boosted term queries on both fields: tantivy prunes such a union with block-max WAND,
        which a parsed query (one nested OR per term) cannot use; 3x faster at 1M articles, same scores."""
        schema = self.index.schema
        clauses = []
        for term, weight in weighted_terms.items():
            for token in self._analyzer.analyze(term):
                for field, boost in (("title", TITLE_BOOST * weight), ("body", weight)):
                    query = tantivy.Query.term_query(schema, field, token, index_option="freq")
                    clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, boost)))
        return tantivy.Query.boolean_query(clauses) if clauses else None

    def search(self, weighted_terms: dict[str, float], k: int) -> list[tuple[int, float]]:
        """``(rowid, bm25)`` of the best ``k`` documents for an OR-query of weighted terms."""
        query = self._query(weighted_terms)
        if query is None:
            return []
        searcher = self.index.searcher()
        hits = searcher.search(query, k, count=False).hits  # counting every match would defeat the pruning
        rowids = searcher.fast_field_values("rowid", [address for _, address in hits])
        return [(int(rowid or 0), float(score)) for rowid, (score, _) in zip(rowids, hits, strict=True)]
