"""The warehouse of government information-disclosure annual reports."""

from pathlib import Path

# The project's checkout (where pyproject.toml is: a clone, or an editable install of one), or
# None for a copy installed from the wheel. Asked once: where the models and the default data
# folders are depends on it.
_TOP = Path(__file__).resolve().parents[1]
CHECKOUT: Path | None = _TOP if (_TOP / "pyproject.toml").is_file() else None
