import pytest

from pipelines.extract.tables import is_value_cell, parse_number, pipe_rows, trim_trailing_blanks


@pytest.mark.parametrize("cell, value", [
    ("0", 0), ("6616", 6616), ("1,234", 1234), ("+4", 4), ("-2", -2), ("−18", -18),
    ("122.36", 122.36), ("", None), ("/", None), ("—", None), ("无", None), ("合计", None),
])
def test_parse_number(cell, value):
    assert parse_number(cell) == value


def test_placeholders_are_value_cells_not_labels():
    assert is_value_cell("/") and is_value_cell("12") and not is_value_cell("规章")


def test_pipe_rows_keep_merged_cells_and_line_numbers():
    rows = pipe_rows([(7, "三、本年度办理结果 | (一)予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |"),
                      (8, "no table here"),
                      (9, "商业 企业 | 科研 机构 | ||")])
    assert [row.line_no for row in rows] == [7, 9]
    assert rows[0].cells[:3] == ("三、本年度办理结果", "(一)予以公开", "2")
    assert [text for _, text in rows[0].labels] == ["三、本年度办理结果", "(一)予以公开"]
    assert rows[1].cells[:2] == ("商业企业", "科研机构")


def test_trim_trailing_blanks_never_below_the_width():
    assert trim_trailing_blanks(("1", "2", "", ""), keep=3) == ("1", "2", "")
    assert trim_trailing_blanks(("1", "", ""), keep=0) == ("1",)
