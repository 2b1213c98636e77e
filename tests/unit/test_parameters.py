from datetime import date

import pytest

from profregister.domain.errors import DomainError
from profregister.domain.parameters import value_on

ROWS = [(date(2020, 12, 25), 3), (date(2024, 7, 1), 5)]


def test_value_in_force():
	assert value_on(ROWS, date(2021, 1, 1), "x") == 3
	assert value_on(ROWS, date(2024, 6, 30), "x") == 3
	assert value_on(ROWS, date(2024, 7, 1), "x") == 5


def test_nothing_in_force():
	with pytest.raises(DomainError, match="No value"):
		value_on(ROWS, date(2019, 1, 1), "x")
