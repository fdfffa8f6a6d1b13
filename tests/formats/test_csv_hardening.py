"""ACLED and UCDP GED CSV against hostile cells, headers and sizes, in both directions."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflict_events import (
    Actor,
    ActorKind,
    Attack,
    Dataset,
    Location,
    LocationKind,
    ValidationError,
)
from conflict_events import strategies as cs
from conflict_events.formats import acled, acled_dates, csv_cells, ucdp
from conflict_events.temporal import FuzzyDate

DATA = Path(__file__).resolve().parents[1] / "data"
ACLED_2016 = DATA / "acled_v6_africa_2016_sample.csv"
GED_191 = DATA / "ucdp_ged_191_sample.csv"
GED_231 = DATA / "ucdp_ged_231_syria_iraq_sample.csv"

#: A row of the current ACLED header with text inter codes.
ACLED_ROW = (
    "SYR101631,2023-02-16,2023,1,Political violence,Battles,Non-state actor overtakes territory,"
    "Islamic State (Syria),,Rebel group,Military Forces of Syria (2000-),,State forces,"
    "State forces-Rebel group,,760,Middle East,Syria,Homs,Tadmor,Tadmor,Palmyra,34.5601,38.2672,1,"
    'SOHR,Local partner-National,"On 16 February 2023, IS took Palmyra.",12,,1676900000'
)
FORMULA_PREFIXES = ["=", "+", "-", "@", "\t", "\r", "\n", "'", "''", "'=", "'''+", "\uff1d", "-1"]
#: Texts a spreadsheet would run, or that look escaped already.
HOSTILE = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(FORMULA_PREFIXES),
    st.text(max_size=12),
)
#: Hostile texts that a model name can be and a stripping reader keeps as they are.
HOSTILE_NAMES = (
    st.builds(
        lambda prefix, rest: prefix + rest,
        st.sampled_from(["=", "+", "-", "@", "'", "''="]),
        st.text(max_size=12),
    )
    .map(str.strip)
    .filter(lambda text: bool(text) and ";" not in text and text.isprintable())
)


def _acled_file(tmp_path: Path, *rows: str, header: str | None = None) -> Path:
    path = tmp_path / "acled.csv"
    lines = [header if header is not None else ",".join(acled.ACLED_COLUMNS), *rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cell_replaced(row: str, column: str, value: str) -> str:
    cells = next(csv.reader([row]))
    cells[acled.ACLED_COLUMNS.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue().removesuffix("\r\n")


def _errors(read: object, path: Path) -> list[tuple[str, str]]:
    reader = acled.read_acled if read is acled else ucdp.read_ucdp
    with pytest.raises(ValidationError) as caught:
        reader(path)
    return [(e.where, e.message) for e in caught.value.errors]


def _file_cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


# -- fault 1: formula injection ----------------------------------------------------------


class TestEscape:
    """One reversible rule for every cell written."""

    @given(st.text() | HOSTILE)
    def test_unescape_undoes_escape(self, text: str) -> None:
        """unescape(escape(t)) == t for every text, hostile or not."""
        assert csv_cells.unescape(csv_cells.escape(text)) == text

    @given(st.text(min_size=1) | HOSTILE)
    def test_no_cell_starts_a_formula(self, text: str) -> None:
        """An escaped cell starts with a formula character only when it is a plain number."""
        cell = csv_cells.escape(text)
        assert cell[:1] not in csv_cells.FORMULA_STARTS or csv_cells.PLAIN_NUMBER.fullmatch(cell)

    @pytest.mark.parametrize(
        ("text", "cell"),
        [
            ("=1", "'=1"),
            ("'=1", "''=1"),
            ("''=1", "'''=1"),
            ("-5.3", "-5.3"),
            ("-1+1", "'-1+1"),
            ("'tis", "'tis"),
            ("\n=1", "'\n=1"),
            ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),
        ],
    )
    def test_examples(self, text: str, cell: str) -> None:
        """Formulas get one apostrophe, an escaped-looking text another, numbers none."""
        assert csv_cells.escape(text) == cell
        assert csv_cells.unescape(cell) == text

    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        kept=st.lists(HOSTILE, min_size=5, max_size=5),
        names=st.lists(HOSTILE_NAMES, min_size=4, max_size=4),
    )
    def test_acled_round_trip_of_hostile_texts(
        self, tmp_path: Path, kept: list[str], names: list[str]
    ) -> None:
        """Hostile texts in kept columns, a custom column, names and notes come back exactly, never live."""
        header = ",".join([*acled.ACLED_COLUMNS, "custom"])
        source = _acled_file(tmp_path, ACLED_ROW + ",", header=header)
        dataset = acled.read_acled(source)
        (event,) = dataset.events
        block = dataset.extensions["acled"]
        columns = dict(
            zip(["interaction", "region", "source_scale", "timestamp", "custom"], kept, strict=True)
        )
        holder = dataset.actor(event.new_holder)
        place = dataset.location(event.location or "")
        hostile = Dataset(
            actors=tuple(
                attrs.evolve(a, name=names[0], external_ids={"acled": names[0]})
                if a.id == holder.id
                else a
                for a in dataset.actors
            ),
            locations=tuple(
                attrs.evolve(p, name=names[1]) if p.id == place.id else p for p in dataset.locations
            ),
            sources=tuple(attrs.evolve(s, publisher=names[2]) for s in dataset.sources),
            events=(
                attrs.evolve(event, notes=names[3], extensions={"acled": {"columns": columns}}),
            ),
            extensions={"acled": block},
        )
        out = tmp_path / "out.csv"
        report = acled.write_acled(hostile, out)
        for row in _file_cells(out):
            for cell in row:
                assert cell[:1] not in csv_cells.FORMULA_STARTS or csv_cells.PLAIN_NUMBER.fullmatch(
                    cell
                )
        back = acled.read_acled(out)
        (again,) = back.events
        assert {k: again.extensions["acled"]["columns"].get(k) for k in columns} == columns
        assert back.actor(again.new_holder).name == names[0]
        assert back.location(again.location or "").name == names[1]
        assert [s.publisher for s in back.sources] == [names[2]]
        assert again.notes == names[3]
        assert not report

    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        texts=st.lists(HOSTILE, min_size=3, max_size=3), name=HOSTILE_NAMES, external=HOSTILE_NAMES
    )
    def test_ucdp_round_trip_of_hostile_texts(
        self, tmp_path: Path, texts: list[str], name: str, external: str
    ) -> None:
        """UCDP: hostile kept columns, external ids and names come back exactly."""
        dataset = ucdp.read_ucdp(GED_231)
        event = dataset.events[0]
        side = dataset.actor(event.side_a[0])
        columns = dict(zip(["relid", "source_article", "conflict_name"], texts, strict=True))
        hostile = Dataset(
            actors=tuple(
                attrs.evolve(a, name=name, external_ids={"ucdp": external})
                if a.id == side.id
                else a
                for a in dataset.actors
            ),
            locations=dataset.locations,
            sources=dataset.sources,
            events=(attrs.evolve(event, extensions={"ucdp": {"columns": columns}}),),
            extensions=dataset.extensions,
        )
        out = tmp_path / "out.csv"
        ucdp.write_ucdp(hostile, out)
        back = ucdp.read_ucdp(out)
        (again,) = back.events
        assert {k: again.extensions["ucdp"]["columns"].get(k) for k in columns} == columns
        actor = back.actor(again.side_a[0])
        assert (actor.name, actor.external_ids["ucdp"]) == (name, external)


# -- fault 2: strict numbers and dates ---------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("fatalities", "1" * 400 + ".0"),
        ("fatalities", "2.7"),
        ("fatalities", "-0.5"),
        ("fatalities", "1_000"),
        ("fatalities", "\u0663"),
        ("fatalities", "1e3"),
        ("fatalities", "99999999999999999999"),
        ("event_date", "2023-02-16garbage"),
        ("event_date", "\u0662\u0660\u0662\u0663-02-16"),
        ("event_date", "16  February 2023"),
        ("time_precision", "1.0"),
        ("time_precision", "4"),
        ("latitude", "1e1"),
        ("latitude", "nan"),
        ("latitude", "3\u0664.5"),
        ("latitude", "1234.5"),
        ("longitude", "+38.2"),
        ("geo_precision", "\u0661"),
        ("inter1", "\u0662"),
    ],
)
def test_acled_cells_follow_one_grammar(tmp_path: Path, column: str, value: str) -> None:
    """Every ACLED number or date outside its grammar is refused at its line and column."""
    path = _acled_file(tmp_path, _cell_replaced(ACLED_ROW, column, value))
    ((where, message),) = _errors(acled, path)
    assert where == f"line 2: {column}"
    assert len(message) < 200


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("best", "2.7"),
        ("best", "-1"),
        ("low", "1_000"),
        ("high", "\u0663"),
        ("date_start", "2017-09-11garbage"),
        ("date_end", "2017-09-12 25:00:00.000"),
        ("date_prec", "2.0"),
        ("where_prec", "8"),
        ("type_of_violence", "1.0"),
        ("latitude", "36.05688e0"),
    ],
)
def test_ucdp_cells_follow_one_grammar(tmp_path: Path, column: str, value: str) -> None:
    """Every UCDP number or date outside its grammar is refused at its line and column."""
    lines = GED_231.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    path = tmp_path / "ged.csv"
    path.write_text(lines[0] + "\n" + buffer.getvalue(), encoding="utf-8")
    ((where, _),) = _errors(ucdp, path)
    assert where == f"line 2: {column}"


@pytest.mark.parametrize(
    "text",
    [
        "2023-02-16",
        "2023-02-16 00:00:00",
        "2023-02-16 00:00:00.000",
        "16 February 2023",
        "16 Feb 2023",
        "16-February-2023",
        "16-Feb-2023",
        "16/02/2023",
        "16-Feb-23",
    ],
)
def test_acled_date_forms_still_read(text: str) -> None:
    """The forms real ACLED files use keep reading."""
    assert acled_dates.parse_date(text).isoformat() == "2023-02-16"


def test_acled_month_first_only_when_asked() -> None:
    """A slash date is day first, as ACLED writes it; month first only when the file says so."""
    assert acled_dates.parse_date("02/16/2023", dayfirst=False).isoformat() == "2023-02-16"
    with pytest.raises(ValidationError):
        acled_dates.parse_date("02/16/2023")


@given(st.text(max_size=25))
def test_count_grammar(text: str) -> None:
    """A count cell reads only when it is ASCII digits; it then reads as exactly that number."""
    try:
        value = csv_cells.parse_count(text, "x")
    except ValidationError as error:
        assert error.errors[0].path == "x"
    else:
        stripped = text.strip()
        assert value is None if not stripped else (stripped.isascii() and int(stripped) == value)


def test_real_samples_still_read() -> None:
    """Every row of the three real files reads under the strict grammars."""
    assert len(acled.read_acled(ACLED_2016).events) == 57
    assert len(ucdp.read_ucdp(GED_191).events) == 110
    assert len(ucdp.read_ucdp(GED_231).events) == 51


# -- fault 3: header names ---------------------------------------------------------------


class TestHeaders:
    """Duplicate and empty column names."""

    def test_duplicate_name_is_refused(self, tmp_path: Path) -> None:
        """A name twice (in any case) is an error naming the column."""
        header = ",".join(acled.ACLED_COLUMNS).replace("tags", "NOTES")
        path = _acled_file(tmp_path, ACLED_ROW, header=header)
        ((where, message),) = _errors(acled, path)
        assert where == "line 1: NOTES"
        assert "'NOTES' is there twice" in message

    def test_old_and_new_name_of_one_column_are_refused(self, tmp_path: Path) -> None:
        """ALLY_ACTOR_1 and assoc_actor_1 are one column: both present is a duplicate."""
        header = ",".join(acled.ACLED_COLUMNS).replace("tags", "ALLY_ACTOR_1")
        path = _acled_file(tmp_path, ACLED_ROW, header=header)
        assert _errors(acled, path)[0][0] == "line 1: ALLY_ACTOR_1"

    def test_ucdp_duplicate_name_is_refused(self, tmp_path: Path) -> None:
        """UCDP too."""
        text = GED_191.read_text(encoding="utf-8").replace("high\n", "best\n", 1)
        path = tmp_path / "ged.csv"
        path.write_text(text, encoding="utf-8")
        assert _errors(ucdp, path)[0][0] == "line 1: best"

    def test_empty_name_with_content_is_refused(self, tmp_path: Path) -> None:
        """A cell under a column without a name is an error at its line and column number."""
        header = ",".join([*acled.ACLED_COLUMNS, ""])
        path = _acled_file(tmp_path, ACLED_ROW + ",", ACLED_ROW + ",lost?", header=header)
        ((where, message),) = _errors(acled, path)
        assert where == "line 3: column 32"
        assert "'lost?'" in message

    def test_cell_past_the_header_is_refused(self, tmp_path: Path) -> None:
        """A row longer than the header is an error, not a dropped cell."""
        path = _acled_file(tmp_path, ACLED_ROW + ",extra")
        assert _errors(acled, path) == [
            ("line 2: column 32", "'extra' is under no column; name the column in the header")
        ]

    def test_empty_trailing_names_round_trip(self, tmp_path: Path) -> None:
        """The 2016 file's seven blank trailing columns are kept, and written back blank."""
        dataset = acled.read_acled(ACLED_2016)
        assert dataset.extensions["acled"]["header"][-7:] == [""] * 7
        out = tmp_path / "out.csv"
        assert not acled.write_acled(dataset, out)
        assert all(row[-7:] == [""] * 7 for row in _file_cells(out))

    def test_writer_refuses_a_kept_header_it_cannot_read(self, tmp_path: Path) -> None:
        """A header with a name twice in extensions is refused before anything is written."""
        dataset = acled.read_acled(ACLED_2016)
        broken = attrs.evolve(dataset, extensions={"acled": {"header": ["notes", "NOTES"]}})
        out = tmp_path / "out.csv"
        with pytest.raises(ValidationError) as caught:
            acled.write_acled(broken, out)
        assert caught.value.errors[0].path == "extensions['acled'].header"
        assert not out.exists()


# -- faults 4 and 5: faults named by column, values bounded -------------------------------


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("event_date", "31/02/2015", "'31/02/2015' is not an ACLED event_date"),
        ("latitude", "95.0", "95.0"),
        ("notes", "\ufeff", "white space"),
        ("actor1", "\ufeff", "white space"),
    ],
)
def test_acled_faults_name_their_column(
    tmp_path: Path, column: str, value: str, fragment: str
) -> None:
    """Model and date faults of an ACLED row are reported at their column, not at $."""
    path = _acled_file(tmp_path, _cell_replaced(ACLED_ROW, column, value))
    ((where, message),) = _errors(acled, path)
    assert where == f"line 2: {column}"
    assert fragment in message


@pytest.mark.parametrize(
    "column",
    ["date_start", "date_end", "best", "where_prec", "type_of_violence", "latitude", "date_prec"],
)
def test_ucdp_messages_are_bounded(tmp_path: Path, column: str) -> None:
    """A 5,000-character cell is quoted in a bounded message."""
    lines = GED_231.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index(column)] = "9" * 5000
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    path = tmp_path / "ged.csv"
    path.write_text(lines[0] + "\n" + buffer.getvalue(), encoding="utf-8")
    ((where, message),) = _errors(ucdp, path)
    assert where == f"line 2: {column}"
    assert len(message) < 250


# -- fault 6: what we write, we read ------------------------------------------------------


def _one_event(when: FuzzyDate, notes: str | None = None) -> Dataset:
    return Dataset(
        actors=(Actor(id="a", name="IS", kind=ActorKind.REBEL_GROUP),),
        locations=(
            Location(
                id="p",
                name="Palmyra",
                kind=LocationKind.SETTLEMENT,
                latitude=34.5,
                longitude=-5e-05,
            ),
        ),
        events=(
            Attack(id="e", when=when, location="p", perpetrator_candidates=("a",), notes=notes),
        ),
    )


class TestWritersWriteWhatReadersRead:
    """Never a file our reader refuses."""

    @pytest.mark.parametrize("edtf", ["[0001-01-01..0001-01-05]", "[9999-12-27..9999-12-31]"])
    def test_week_at_the_calendar_edge(self, tmp_path: Path, edtf: str) -> None:
        """A week ACLED would centre outside the calendar is written as its month, and reads back."""
        out = tmp_path / "out.csv"
        report = acled.write_acled(_one_event(FuzzyDate.parse(edtf)), out)
        (event,) = acled.read_acled(out).events
        assert event.when.earliest <= FuzzyDate.parse(edtf).earliest
        assert "events[0].when" in [loss.path for loss in report.losses]

    @pytest.mark.parametrize("module", [acled, ucdp])
    def test_long_text_and_tiny_coordinates_read_back(self, tmp_path: Path, module: object) -> None:
        """Notes over csv's default field limit and a longitude of -5e-05 are written and read back."""
        writer, reader = (
            (acled.write_acled, acled.read_acled)
            if module is acled
            else (ucdp.write_ucdp, ucdp.read_ucdp)
        )
        dataset = _one_event(FuzzyDate.parse("2016-05-01"), notes="x" * 200_000)
        out = tmp_path / "out.csv"
        writer(dataset, out)
        back = reader(out)
        assert back.locations[-1].longitude == -5e-05
        if module is acled:
            assert back.events[0].notes == "x" * 200_000

    def test_text_beyond_the_cell_bound_is_not_written(self, tmp_path: Path) -> None:
        """Notes longer than the reader takes are reported, and the file still reads."""
        dataset = _one_event(FuzzyDate.parse("2016-05-01"), notes="x" * (csv_cells.MAX_CELL + 1))
        out = tmp_path / "out.csv"
        report = acled.write_acled(dataset, out)
        assert report.losses[0].path == "events[0]"
        assert "cannot be written" in report.losses[0].message
        assert acled.read_acled(out).events == ()

    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(dataset=cs.datasets(max_events=4))
    @pytest.mark.parametrize("module", [acled, ucdp])
    def test_generated_datasets_write_readable_files(
        self, tmp_path: Path, module: object, dataset: Dataset
    ) -> None:
        """Any dataset: the file written reads back, one event per row not reported as not written."""
        writer, reader = (
            (acled.write_acled, acled.read_acled)
            if module is acled
            else (ucdp.write_ucdp, ucdp.read_ucdp)
        )
        out = tmp_path / "out.csv"
        report = writer(dataset, out)
        back = reader(out)
        missing = [loss for loss in report.losses if loss.message.startswith("not written")]
        assert len(back.events) + len(missing) == len(dataset.events)
        assert not writer(back, tmp_path / "again.csv")


# -- fault 7: bounded reading -------------------------------------------------------------


class TestBounds:
    """Cells and records have a bound, with a clear error."""

    def test_cell_beyond_the_bound(self, tmp_path: Path) -> None:
        """A quoted cell over MAX_CELL characters (spread over lines) is refused at its line."""
        big = ("y" * 1000 + "\n") * (csv_cells.MAX_CELL // 1000 + 1)
        path = _acled_file(tmp_path, ACLED_ROW, _cell_replaced(ACLED_ROW, "notes", big))
        errors = _errors(acled, path)
        assert errors[0][0].startswith("line 3: ")
        assert "characters" in errors[0][1]

    def test_record_beyond_the_bound(self, tmp_path: Path) -> None:
        """A line longer than MAX_RECORD is refused without reading the rest of the file."""
        path = tmp_path / "huge.csv"
        with path.open("w", encoding="utf-8") as stream:
            stream.write(",".join(acled.ACLED_COLUMNS) + "\n")
            stream.write(",".join(["z" * (csv_cells.MAX_CELL - 1)] * 9) + "\n")
        assert _errors(acled, path) == [
            ("line 2: $", f"the record is longer than {csv_cells.MAX_RECORD} characters")
        ]

    @pytest.mark.parametrize("kind", ["text", "bytes"])
    def test_streams_read(self, kind: str) -> None:
        """A text or binary stream reads like the file."""
        data = ACLED_2016.read_bytes()
        stream = (
            io.BytesIO(data) if kind == "bytes" else io.StringIO(data.decode("cp1252"), newline="")
        )
        assert acled.read_acled(stream) == acled.read_acled(ACLED_2016)
