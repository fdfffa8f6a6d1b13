"""
CSV as users have it: header faults once, cell counts, delimiters, encodings, slash dates
decided per file, repeated event ids, skipped rows, and tables already in memory.

Real samples (``tests/data``, see its README) are read beside generated rows.
"""

from __future__ import annotations

import csv
import io
import math
import random
import warnings
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events.errors import ErrorDetail, ValidationError
from conflict_events.formats import acled, acled_dates, csv_cells, dataset_table, ucdp
from conflict_events.formats.acled import ACLED_COLUMNS
from conflict_events.formats.dataset_table import ReadOptions, SkippedRowsWarning, TableImport
from conflict_events.model import Dataset

DATA = Path(__file__).parent.parent / "data"
V6 = DATA / "acled_v6_africa_2016_sample.csv"
GED191 = DATA / "ucdp_ged_191_sample.csv"
GED231 = DATA / "ucdp_ged_231_syria_iraq_sample.csv"
_ACLED = acled._Acled


def acled_row(ident: str = "SYR1", **cells: str) -> dict[str, str]:
    """One valid row of the current ACLED header."""
    row = dict.fromkeys(ACLED_COLUMNS, "")
    row.update(
        event_id_cnty=ident,
        event_date="2023-02-16",
        year="2023",
        time_precision="1",
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Military Forces of Syria (2000-)",
        inter1="State forces",
        actor2="Islamic State (Syria)",
        inter2="Rebel group",
        interaction="State forces-Rebel group",
        iso="760",
        region="Middle East",
        country="Syria",
        admin1="Homs",
        location="Tadmur",
        latitude="34.5600",
        longitude="38.2700",
        geo_precision="1",
        source="SOHR",
        source_scale="National",
        fatalities="3",
        timestamp="1676505600",
    )
    row.update(cells)
    return row


def csv_text(rows: list[dict[str, str]], header: list[str] | None = None, sep: str = ",") -> str:
    buffer = io.StringIO()
    names = header or list(rows[0])
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(name, "") for name in names])
    return buffer.getvalue()


def read(text: str, **options: Any) -> Dataset:
    return acled.read_acled(io.StringIO(text, newline=""), **options)


def refusal(call: Any, *args: Any, **kwargs: Any) -> list[ErrorDetail]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return list(caught.value.errors)


def without_kept(dataset: Dataset) -> Dataset:
    """The dataset without the kept cells and the header: its typed values only."""
    events = tuple(attrs.evolve(event, extensions={}) for event in dataset.events)
    return attrs.evolve(dataset, events=events, extensions={})


# -- 1. the header and the cell count --------------------------------------------------------


class TestHeader:
    def test_missing_required_column_is_one_error(self) -> None:
        """A header without event_type is one fault on line 1, not one per row."""
        header = [name for name in ACLED_COLUMNS if name != "event_type"]
        text = csv_text([acled_row(f"SYR{n}") for n in range(3)], header)
        assert refusal(read, text) == [
            ErrorDetail(
                "event_type",
                "the header has no column event_type, which every ACLED row needs",
                line=1,
            )
        ]

    def test_ucdp_missing_date_start(self) -> None:
        text = GED191.read_text(encoding="utf-8")
        header, rest = text.split("\n", 1)
        names = header.split(",")
        position = names.index("date_start")
        names[position] = "start"
        errors = refusal(ucdp.read_ucdp, io.StringIO(",".join(names) + "\n" + rest, newline=""))
        assert errors == [
            ErrorDetail(
                "date_start",
                "the header has no column date_start, which every UCDP GED row needs",
                line=1,
            )
        ]

    def test_short_row_is_refused(self) -> None:
        rows = [acled_row("SYR1"), acled_row("SYR2")]
        text = csv_text(rows).splitlines(keepends=True)
        text[2] = ",".join(text[2].split(",")[:29]) + "\r\n"  # ends before tags, timestamp
        assert refusal(read, "".join(text)) == [
            ErrorDetail(
                "tags",
                "the row has 29 cells but the header has 31 columns: none for tags (column 30)",
                line=3,
                column=30,
            )
        ]

    def test_blank_cells_past_the_header_are_refused(self) -> None:
        text = csv_text([acled_row("SYR1")]).replace("\r\n", ",,\r\n")
        lines = text.splitlines(keepends=True)
        lines[0] = lines[0].replace(",,\r\n", "\r\n")
        assert refusal(read, "".join(lines)) == [
            ErrorDetail(
                "column 32",
                "the row has 33 cells but the header has 31 columns (those past it are blank)",
                line=2,
                column=32,
            )
        ]

    def test_trailing_unnamed_header_columns(self) -> None:
        """Rows may stop where the header's own trailing columns have no name (blank anyway)."""
        header = [*ACLED_COLUMNS, "", ""]
        full = csv_text([acled_row("SYR1")], header)
        short = full.splitlines(keepends=True)
        short.append(csv_text([acled_row("SYR2")]).splitlines(keepends=True)[1])
        dataset = read("".join(short))
        assert [event.id for event in dataset.events] == ["acled:SYR1", "acled:SYR2"]

    def test_real_v6_file_still_reads(self) -> None:
        """57 rows of 32 cells under a header ending in 7 unnamed columns."""
        dataset = acled.read_acled(V6)
        assert len(dataset.events) == 57
        assert dataset.extensions["acled"]["header"][-7:] == [""] * 7


# -- 2. delimiters and encodings -------------------------------------------------------------


class TestDelimiterAndEncoding:
    @pytest.mark.parametrize("sep", [";", "\t"])
    def test_delimiter_from_the_header(self, sep: str) -> None:
        rows = [acled_row("SYR1", notes="On 16 February, a clash; 3 killed, near Tadmur")]
        comma = read(csv_text(rows))
        other = read(csv_text(rows, sep=sep))
        assert other == comma

    def test_quoted_delimiters_in_the_header_do_not_count(self) -> None:
        assert csv_cells.delimiter('"a;b;c";d,e,"f;g"\r\n') == ","
        assert csv_cells.delimiter("a;b;c,d\n") == ";"
        assert csv_cells.delimiter("only\n") == ","

    def test_data_rows_never_decide(self) -> None:
        """A comma header with semicolons in every data row is still comma-separated."""
        header, rows = csv_cells.read_table(io.StringIO("a,b\nx;y;z,w\n", newline=""))
        assert (header, rows) == (["a", "b"], [(2, ["x;y;z", "w"])])

    @pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
    def test_utf8(self, tmp_path: Path, bom: bytes) -> None:
        rows = [acled_row("CIV1", country="C\u00f4te d\u2019Ivoire")]
        data = bom + csv_text(rows, sep=";").encode("utf-8")
        path = tmp_path / "x.csv"
        path.write_bytes(data)
        for source in (path, io.BytesIO(data)):
            dataset = acled.read_acled(source)
            assert dataset.locations[0].name == "C\u00f4te d\u2019Ivoire"

    def test_windows_1252_unassigned_bytes(self) -> None:
        """The five unassigned bytes decode as their code points; the rest stays Windows-1252."""
        data = "a,b\r\n\u20ac \u2019,x\r\n".encode("cp1252").replace(b"x", b"\x81")
        assert csv_cells.read_table(io.BytesIO(data)) == (
            ["a", "b"],
            [(2, ["\u20ac \u2019", "\x81"])],
        )

    def test_text_stream_is_already_decoded(self) -> None:
        text = V6.read_bytes().decode("cp1252")
        assert acled.read_acled(io.StringIO(text, newline="")) == acled.read_acled(V6)

    def test_real_v6_file_from_a_binary_stream(self) -> None:
        with V6.open("rb") as stream:
            from_stream = acled.read_acled(stream)
        dataset = acled.read_acled(V6)
        assert from_stream == dataset
        assert "Cameroon Tribune (Yaound\u00e9)" in {s.publisher for s in dataset.sources}


# -- 3. ACLED event_date ---------------------------------------------------------------------


class TestEventDates:
    def test_month_first_date_refuses_the_file(self) -> None:
        rows = [
            acled_row("A1", event_date="03/04/2020"),
            acled_row("A2", event_date="12/29/2020"),
            acled_row("A3", event_date="05/06/2020"),
        ]
        assert refusal(read, csv_text(rows)) == [
            ErrorDetail(
                "event_date",
                "'12/29/2020' cannot be day first (dd/mm/yyyy, as ACLED writes dates), so "
                "the file's slash dates cannot all be read one way; pass dayfirst=False "
                "(--monthfirst) if the whole file writes month first",
                line=3,
            )
        ]

    def test_refused_also_when_skipping(self) -> None:
        rows = [acled_row("A1", event_date="03/04/2020"), acled_row("A2", event_date="12/29/2020")]
        assert len(refusal(read, csv_text(rows), on_error="skip")) == 1

    def test_month_first_when_asked(self) -> None:
        rows = [acled_row("A1", event_date="03/04/2020"), acled_row("A2", event_date="12/29/2020")]
        dataset = read(csv_text(rows), dayfirst=False)
        assert [str(event.when) for event in dataset.events] == ["2020-03-04", "2020-12-29"]

    def test_day_first_by_default(self) -> None:
        rows = [acled_row("A1", event_date="03/04/2020"), acled_row("A2", event_date="29/12/2020")]
        dataset = read(csv_text(rows))
        assert [str(event.when) for event in dataset.events] == ["2020-04-03", "2020-12-29"]

    def test_forced_day_first_makes_the_row_fail(self) -> None:
        rows = [acled_row("A1", event_date="03/04/2020"), acled_row("A2", event_date="12/29/2020")]
        assert refusal(read, csv_text(rows), dayfirst=True) == [
            ErrorDetail("event_date", "'12/29/2020' is not a day read as dd/mm/yyyy", line=3)
        ]

    def test_real_africa_file_day_first(self) -> None:
        dataset = acled.read_acled(V6)
        days = {str(event.when) for event in dataset.events}
        assert {"2015-12-29", "2016-01-05"} <= days

    @pytest.mark.parametrize(
        "text",
        [
            "2023-02-16T00:00:00",
            "2023-02-16T00:00:00Z",
            "2023-02-16 00:00:00+00:00",
            "2023-02-16T13:45:10.123-05:00",
            "2023-02-16 00:00:00.000",
        ],
    )
    def test_iso_timestamps(self, text: str) -> None:
        assert acled_dates.iso_day(text) == acled_dates.parse_date("2023-02-16")
        dataset = read(csv_text([acled_row("A1", event_date=text)]))
        assert str(dataset.events[0].when) == "2023-02-16"
        assert dataset.events[0].extensions["acled"]["columns"]["event_date"] == text

    @pytest.mark.parametrize(
        "text",
        ["2023-02-30", "2023-02-16T24:00:00", "2023-02-16T00:00:00+24:00", "2023-02-16T", "x"],
    )
    def test_iso_day_refuses(self, text: str) -> None:
        assert acled_dates.iso_day(text) is None

    @given(
        st.lists(st.dates(), min_size=1, max_size=8),
        st.booleans(),
    )
    def test_one_order_per_file(self, days: list[Any], month_first: bool) -> None:
        """A file's slash dates are all read day first, or the file is refused: never mixed."""
        texts = [
            f"{d.month:02}/{d.day:02}/{d.year:04}"
            if month_first
            else f"{d.day:02}/{d.month:02}/{d.year:04}"
            for d in days
        ]
        dates = acled_dates.EventDates()
        impossible = month_first and any(d.day > 12 for d in days)
        if impossible:
            with pytest.raises(ValidationError):
                dates.decide(texts)
            return
        dates.decide(texts)
        for text in texts:
            day, month, year = (int(part) for part in text.split("/"))
            assert (dates.parse(text).day, dates.parse(text).month) == (day, month)
            assert dates.parse(text).year == year


def test_month_first_import_writes_a_file_that_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    Kept month-first dates would not read back day first: those rows are written with their
    ISO day instead, in one read-back pass, and the file written reads with the defaults.
    """
    rows = [acled_row(f"A{n}", event_date=f"12/{13 + n}/2020") for n in range(10)]
    rows.append(acled_row("B", event_date="2020-12-01"))
    dataset = read(csv_text(rows), dayfirst=False)
    passes: list[int] = []
    read_rows = dataset_table._read_rows

    def counted(*args: Any) -> Any:
        passes.append(1)
        return read_rows(*args)

    monkeypatch.setattr(dataset_table, "_read_rows", counted)
    report = acled.write_acled(dataset, tmp_path / "out.csv")
    assert len(passes) == 1
    assert not report, str(report)
    back = acled.read_acled(tmp_path / "out.csv")
    assert [event.when for event in back.events] == [event.when for event in dataset.events]


# -- 4. repeated event ids -------------------------------------------------------------------


class TestRepeatedIds:
    def test_error_names_both_lines(self) -> None:
        rows = [acled_row("A1"), acled_row("A2"), acled_row(" A1 ", fatalities="5")]
        message = (
            "the event id 'A1' is on lines 2 and 4; each event must be on one row "
            "(duplicates='newest' keeps the newest)"
        )
        assert refusal(read, csv_text(rows)) == [
            ErrorDetail("event_id_cnty", message, line=2),
            ErrorDetail("event_id_cnty", message, line=4),
        ]

    def test_newest_by_timestamp(self) -> None:
        rows = [
            acled_row("A1", timestamp="200", actor2="Kept"),
            acled_row("A1", timestamp="100", actor2="Dropped"),
            acled_row("A2"),
        ]
        result = dataset_table.import_table(
            _ACLED, io.StringIO(csv_text(rows), newline=""), ReadOptions(duplicates="newest")
        )
        assert result.replaced == 1
        assert [event.id for event in result.dataset.events] == ["acled:A1", "acled:A2"]
        names = {actor.name for actor in result.dataset.actors}
        assert "Kept" in names
        assert "Dropped" not in names

    def test_newest_tie_goes_to_the_later_row(self) -> None:
        rows = [acled_row("A1", actor2="First"), acled_row("A1", actor2="Second")]
        dataset = read(csv_text(rows), duplicates="newest")
        assert {actor.name for actor in dataset.actors} >= {"Second"}
        assert "First" not in {actor.name for actor in dataset.actors}

    def test_newest_needs_whole_timestamps(self) -> None:
        rows = [acled_row("A1", timestamp="soon"), acled_row("A1")]
        errors = refusal(read, csv_text(rows), duplicates="newest")
        assert [(e.path, e.line) for e in errors] == [("timestamp", 2), ("timestamp", 3)]
        assert "timestamp 'soon' on line 2 is not a whole number of seconds" in errors[0].message

    def test_ucdp_newest_is_the_later_row(self) -> None:
        lines = GED191.read_text(encoding="utf-8").splitlines(keepends=True)
        header, rows = csv_cells.read_table(GED191)
        first = next(cells for _, cells in rows)
        again = list(first)
        again[header.index("best")] = "99"
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(again)
        text = "".join(lines) + buffer.getvalue()
        assert refusal(ucdp.read_ucdp, io.StringIO(text, newline=""))[0].path == "id"
        dataset = ucdp.read_ucdp(io.StringIO(text, newline=""), duplicates="newest")
        assert len(dataset.events) == 110
        replaced = next(e for e in dataset.events if e.id == f"ucdp:{first[0]}")
        assert replaced.fatalities is not None
        assert replaced.fatalities.best == 99


# -- 5. derived rows after every row ---------------------------------------------------------


def test_rows_are_derived_after_every_row_is_read() -> None:
    """Each event's row is compared only once the builder has seen every row."""
    calls: list[str] = []

    class Logged(_ACLED):
        def event(self, row: dict[str, str], line: int) -> Any:
            calls.append("event")
            return super().event(row, line)

        def event_row(self, event: Any, lookup: Any) -> dict[str, str]:
            calls.append("row")
            return super().event_row(event, lookup)

    text = csv_text([acled_row(f"A{n}") for n in range(3)])
    dataset_table.import_table(Logged, io.StringIO(text, newline=""))
    assert calls == ["event"] * 3 + ["row"] * 3


def test_rows_are_compared_with_the_decided_records(tmp_path: Path) -> None:
    """
    Rows disagreeing on an actor's kind: the kind most rows give wins once all are read,
    and the first row, compared only then, keeps its own cell (and a notice says so).
    """
    rows = [
        acled_row("A1", inter1="Rebel group"),
        acled_row("A2", inter1="State forces"),
        acled_row("A3", inter1="State forces"),
    ]
    result = dataset_table.import_table(_ACLED, io.StringIO(csv_text(rows), newline=""))
    first = result.dataset.events[0]
    assert first.extensions["acled"]["columns"]["inter1"] == "Rebel group"
    assert [notice.path.endswith(".kind") for notice in result.notices] == [True]
    out = tmp_path / "out.csv"
    acled.write_acled(result.dataset, out)
    _, back = csv_cells.read_table(out)
    inter1 = ACLED_COLUMNS.index("inter1")
    assert [cells[inter1] for _, cells in back] == ["Rebel group", "State forces", "State forces"]


# -- 6. skipping bad rows --------------------------------------------------------------------


class TestSkip:
    def rows(self) -> list[dict[str, str]]:
        return [
            acled_row("A1"),
            acled_row("A2", fatalities="many"),
            acled_row("A3"),
            acled_row("A4", event_date="yesterday"),
        ]

    def test_import_table(self) -> None:
        result = dataset_table.import_table(
            _ACLED, io.StringIO(csv_text(self.rows()), newline=""), ReadOptions(on_error="skip")
        )
        assert [event.id for event in result.dataset.events] == ["acled:A1", "acled:A3"]
        assert [(d.line, d.path) for d in result.skipped] == [(3, "fatalities"), (5, "event_date")]
        assert str(result).splitlines()[0] == "2 events imported, 2 rows skipped"
        assert str(result).splitlines()[1] == f"  skipped: {result.skipped[0]}"

    def test_read_warns_once(self) -> None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            dataset = read(csv_text(self.rows()), on_error="skip")
        assert len(dataset.events) == 2
        assert len(caught) == 1
        warning = caught[0].message
        assert isinstance(warning, SkippedRowsWarning)
        assert warning.imported == 2
        assert [d.line for d in warning.skipped] == [3, 5]
        assert str(warning).splitlines()[0] == (
            "2 rows skipped (on_error='skip'), 2 events imported:"
        )

    def test_warning_is_bounded(self) -> None:
        rows = [acled_row(f"A{n}", fatalities="x") for n in range(25)] + [acled_row("ok")]
        with pytest.warns(SkippedRowsWarning) as caught:
            read(csv_text(rows), on_error="skip")
        lines = str(caught[0].message).splitlines()
        assert len(lines) == 22
        assert lines[-1] == "  and 5 more"
        assert len(caught[0].message.skipped) == 25

    def test_no_warning_when_nothing_skipped(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            read(csv_text([acled_row("A1")]), on_error="skip")

    def test_table_import_defaults(self) -> None:
        result = TableImport(Dataset())
        assert (result.skipped, result.replaced, result.notices) == ((), 0, ())
        assert str(result) == "0 events imported"

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["A", "B", "C", "D", "E", "F"]),
                st.sampled_from(["3", "x", ""]),
                st.sampled_from(["2023-02-16", "16/02/2023", "bad"]),
            ),
            min_size=1,
            max_size=12,
        ),
        st.randoms(use_true_random=False),
    )
    def test_shuffling_never_changes_what_is_skipped(
        self, specs: list[tuple[str, str, str]], rng: random.Random
    ) -> None:
        """Which rows are skipped depends on the rows, never on their order (repeated ids too)."""
        rows = [
            acled_row(ident, fatalities=deaths, event_date=day, notes=f"row {n}")
            for n, (ident, deaths, day) in enumerate(specs)
        ]

        def skipped(ordered: list[dict[str, str]]) -> tuple[set[str], set[str]]:
            text = csv_text(ordered)
            result = dataset_table.import_table(
                _ACLED, io.StringIO(text, newline=""), ReadOptions(on_error="skip")
            )
            by_line = {n + 2: row["notes"] for n, row in enumerate(ordered)}
            return (
                {by_line[d.line] for d in result.skipped if d.line is not None},
                {e.notes or "" for e in result.dataset.events},
            )

        shuffled = list(rows)
        rng.shuffle(shuffled)
        assert skipped(shuffled) == skipped(rows)


# -- 7. tables in memory ---------------------------------------------------------------------


def api_rows() -> list[dict[str, Any]]:
    """Rows as ACLED's API client gives them: text, numbers and None."""
    rows: list[dict[str, Any]] = []
    for n in range(3):
        row: dict[str, Any] = dict(acled_row(f"SYR{n}"))
        row.update(
            year=2023,
            time_precision=1,
            iso=760,
            latitude=34.56,
            longitude=38.27,
            geo_precision=1,
            fatalities=n,
            timestamp=1676505600,
            admin2=None,
            tags=None,
        )
        rows.append(row)
    return rows


def as_text(rows: list[dict[str, Any]]) -> str:
    texts = [
        {
            k: "" if v is None else (csv_cells.plain_decimal(v) if isinstance(v, float) else str(v))
            for k, v in row.items()
        }
        for row in rows
    ]
    return csv_text(texts)


class TestInMemory:
    def test_dict_rows_read_as_their_csv(self) -> None:
        rows = api_rows()
        assert acled.read_acled(rows) == read(as_text(rows))
        assert acled.read_acled(iter(rows)) == read(as_text(rows))

    def test_rows_must_share_keys(self) -> None:
        rows = api_rows()
        del rows[1]["tags"]
        rows[2]["extra"] = "x"
        errors = refusal(acled.read_acled, rows)
        assert errors == [
            ErrorDetail(
                "$", "row 2 lacks ['tags']: every row must have the first row's keys", line=3
            ),
            ErrorDetail(
                "$", "row 3 has ['extra'] besides: every row must have the first row's keys", line=4
            ),
        ]

    def test_booleans_are_refused(self) -> None:
        rows = api_rows()
        rows[1]["fatalities"] = True
        assert refusal(acled.read_acled, rows) == [
            ErrorDetail(
                "fatalities", "True is a boolean; no dataset column holds one", line=3, column=29
            )
        ]

    def test_no_rows(self) -> None:
        assert refusal(acled.read_acled, []) == [
            ErrorDetail("$", "there are no rows, so no header", line=1)
        ]

    def test_cells(self) -> None:
        header, rows = csv_cells.table_cells(
            ["n", "x", "t"],
            [[12.0, math.nan, None], [1.5, 2.0, math.nan], ["a", pd.NA, pd.NaT]],
        )
        assert header == ["n", "x", "t"]
        assert rows == [(2, ["12", "1.5", "a"]), (3, ["", "2.0", ""])]

    def test_frames(self) -> None:
        rows = api_rows()
        expected = read(as_text(rows))
        assert acled.read_acled(pd.DataFrame(rows)) == expected
        assert acled.read_acled(pl.DataFrame(rows)) == expected
        assert acled.read_acled(pa.Table.from_pylist(rows)) == expected

    @pytest.mark.parametrize(
        ("path", "reader", "encoding"),
        [
            (V6, acled.read_acled, "cp1252"),
            (GED191, ucdp.read_ucdp, "utf-8"),
            (GED231, ucdp.read_ucdp, "utf-8"),
        ],
    )
    def test_pandas_text_reads_as_the_file(self, path: Path, reader: Any, encoding: str) -> None:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        assert reader(frame) == reader(path)

    @pytest.mark.parametrize(
        ("path", "reader", "encoding"),
        [
            (V6, acled.read_acled, "cp1252"),
            (GED191, ucdp.read_ucdp, "utf-8"),
            (GED231, ucdp.read_ucdp, "utf-8"),
        ],
    )
    def test_pandas_inferred_reads_the_same_values(
        self, path: Path, reader: Any, encoding: str
    ) -> None:
        frame = pd.read_csv(path, encoding=encoding)
        assert without_kept(reader(frame)) == without_kept(reader(path))

    def test_pandas_float_counts_are_integers(self) -> None:
        """gwnoa is blank in some 19.1 rows, so pandas makes the column float."""
        frame = pd.read_csv(GED191)
        assert frame["gwnoa"].dtype.kind == "f"
        header, rows = csv_cells.read_table(frame)
        column = header.index("gwnoa")
        cells = {cells[column] for _, cells in rows} - {""}
        assert cells
        assert all(cell.isdigit() for cell in cells)

    @given(
        st.lists(
            st.tuples(
                st.text(alphabet="ABCDXYZ0123456789", min_size=1, max_size=6),
                st.one_of(st.none(), st.integers(0, 10_000)),
                st.one_of(st.none(), st.floats(-90, 90, allow_nan=False)),
                st.text(
                    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                    max_size=20,
                ),
            ),
            min_size=1,
            max_size=6,
            unique_by=lambda spec: spec[0],
        )
    )
    def test_sources_agree(self, specs: list[tuple[str, int | None, float | None, str]]) -> None:
        """
        A table reads the same as dict rows, as DataFrames and as its CSV text.

        Typed values are compared: a float column whose every value is whole is
        written as integers (``0`` for ``0.0``), so a kept cell may differ.
        """
        rows: list[dict[str, Any]] = []
        for ident, deaths, latitude, notes in specs:
            row: dict[str, Any] = dict(acled_row(ident, notes=notes))
            row.update(fatalities=deaths, latitude=latitude, longitude=None)
            row["longitude"] = 38.27 if latitude is not None else None
            rows.append(row)
        text = as_text(rows)

        def outcome(source: Any) -> Any:
            try:
                return without_kept(acled.read_acled(source))
            except ValidationError as error:
                return [(d.line, d.path) for d in error.errors]

        expected = outcome(io.StringIO(text, newline=""))
        assert outcome(rows) == expected
        assert outcome(pa.Table.from_pylist(rows)) == expected
        assert outcome(pl.DataFrame(rows)) == expected
        assert outcome(pd.DataFrame(rows)) == expected
