from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from profregister.domain.errors import DomainError
from profregister.domain.identifiers import (
	check_digit,
	check_person_against_iin,
	make_bin,
	make_iin,
	parse_iin,
	validate_bin,
)

TODAY = date(2026, 11, 22)


def test_check_digit_first_pass():
	# 1·8+2·7+3·0+4·5+5·1+6·2+7·3+8·0+9·0+10·0+11·1 = 91 → 91 mod 11 = 3
	assert check_digit("87051230001") == 3


def test_check_digit_second_pass():
	# first pass gives 10, second pass: weights 3..11,1,2
	first = next(
		f"{n:011d}"
		for n in range(10**6, 10**7)
		if sum((i + 1) * int(c) for i, c in enumerate(f"{n:011d}")) % 11 == 10
	)
	second = sum(w * int(c) for w, c in zip((3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), first, strict=True)) % 11
	assert check_digit(first) == (None if second == 10 else second)


def test_parse_iin_reads_birth_and_sex():
	iin = make_iin(date(1987, 5, 12), "Female", 123)
	info = parse_iin(iin)
	assert info.date_of_birth == date(1987, 5, 12)
	assert info.sex == "Female"
	assert iin[6] == "4"


@pytest.mark.parametrize(
	"century_digit,year,sex", [("1", 1887, "Male"), ("3", 1987, "Male"), ("6", 2005, "Female")]
)
def test_century_digit(century_digit, year, sex):
	born = date(year, 1, 31)
	iin = next(i for i in (make_iin(born, sex, s) for s in range(100)) if i)
	assert iin[6] == century_digit
	assert parse_iin(iin).date_of_birth == born


@pytest.mark.parametrize(
	"bad,fragment",
	[
		("12345", "exactly 12 digits"),
		("8705123000AB", "exactly 12 digits"),
		("", "exactly 12 digits"),
		("870512300014", "check digit"),
	],
)
def test_parse_iin_rejects(bad, fragment):
	with pytest.raises(DomainError, match=fragment):
		parse_iin(bad)


def test_impossible_date_and_bad_century():
	first = "8702303" + "0001"  # 30 February
	digit = check_digit(first)
	if digit is not None:
		with pytest.raises(DomainError, match="impossible date"):
			parse_iin(first + str(digit))
	first = "8705127" + "0001"  # digit 7 = 7
	digit = check_digit(first)
	assert digit is not None
	with pytest.raises(DomainError, match="digit 7"):
		parse_iin(first + str(digit))


def test_person_must_agree_with_iin():
	info = parse_iin(make_iin(date(1990, 3, 1), "Male", 7))
	check_person_against_iin(info, date(1990, 3, 1), "Male", TODAY)
	with pytest.raises(DomainError, match="Date of birth"):
		check_person_against_iin(info, date(1990, 3, 2), None, TODAY)
	with pytest.raises(DomainError, match="Sex"):
		check_person_against_iin(info, None, "Female", TODAY)


def test_birth_in_the_future():
	info = parse_iin(next(i for i in (make_iin(date(2027, 1, 5), "Male", s) for s in range(50)) if i))
	with pytest.raises(DomainError, match="future"):
		check_person_against_iin(info, None, None, TODAY)


def test_bin():
	value = next(b for b in (make_bin(date(2004, 7, 1), s) for s in range(50)) if b)
	assert validate_bin(value) == value
	broken = value[:11] + str((int(value[11]) + 1) % 10)
	with pytest.raises(DomainError, match="BIN"):
		validate_bin(broken)


@given(
	st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)),
	st.sampled_from(["Male", "Female"]),
	st.integers(0, 9999),
)
def test_generated_iins_round_trip(born, sex, serial):
	iin = make_iin(born, sex, serial)
	if iin is not None:
		info = parse_iin(iin)
		assert (info.date_of_birth, info.sex) == (born, sex)
