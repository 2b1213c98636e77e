"""IIN and BIN of Kazakhstan: 12 digits, the last a check digit (see docs/domain.md)."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from profregister.domain.errors import DomainError, _

FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
# Digit 7 of an IIN: century of birth and sex.
CENTURY_SEX = {
	1: (1800, "Male"),
	2: (1800, "Female"),
	3: (1900, "Male"),
	4: (1900, "Female"),
	5: (2000, "Male"),
	6: (2000, "Female"),
}


def check_digit(first_eleven: str) -> int | None:
	"""Check digit of 11 digits, or None when no digit can be valid (both passes give 10)."""
	digits = [int(c) for c in first_eleven]
	for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
		c = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
		if c != 10:
			return c
	return None


def _validate_twelve_digits(value: str, label: str) -> str:
	value = (value or "").strip()
	if len(value) != 12 or not value.isdigit():
		raise DomainError(_("{0} must be exactly 12 digits, got '{1}'"), label, value)
	expected = check_digit(value[:11])
	if expected is None or expected != int(value[11]):
		raise DomainError(_("{0} {1} has an invalid check digit"), label, value)
	return value


@dataclass(frozen=True)
class IINInfo:
	iin: str
	date_of_birth: date
	sex: str


@lru_cache(maxsize=8192)
def parse_iin(value: str) -> IINInfo:
	"""Validate an IIN and read the date of birth and sex it encodes (cached: an import asks about each
	row's IIN three times)."""
	value = _validate_twelve_digits(value, "IIN")
	code = int(value[6])
	if code not in CENTURY_SEX:
		raise DomainError(_("IIN {0}: digit 7 must be 1 to 6 (century and sex), got {1}"), value, code)
	century, sex = CENTURY_SEX[code]
	try:
		born = date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
	except ValueError:
		raise DomainError(_("IIN {0} encodes an impossible date of birth"), value) from None
	return IINInfo(value, born, sex)


def validate_bin(value: str) -> str:
	return _validate_twelve_digits(value, "BIN")


def check_person_against_iin(iin: IINInfo, date_of_birth: date | None, sex: str | None, today: date):
	"""Date of birth and sex on the record must agree with the IIN; nobody is born in the future."""
	if iin.date_of_birth > today:
		raise DomainError(_("IIN {0} gives a date of birth in the future ({1})"), iin.iin, iin.date_of_birth)
	if date_of_birth and date_of_birth != iin.date_of_birth:
		raise DomainError(
			_("Date of birth {0} does not match the IIN, which gives {1}"), date_of_birth, iin.date_of_birth
		)
	if sex and sex != iin.sex:
		raise DomainError(_("Sex {0} does not match the IIN, which gives {1}"), sex, iin.sex)


def make_iin(born: date, sex: str, serial: int) -> str | None:
	"""An IIN for a birth date, sex and 4-digit serial, or None when that serial has no valid check digit."""
	code = next(
		c for c, (century, s) in CENTURY_SEX.items() if s == sex and century <= born.year < century + 100
	)
	first = f"{born:%y%m%d}{code}{serial % 10000:04d}"
	digit = check_digit(first)
	return None if digit is None else first + str(digit)


def make_bin(registered: date, serial: int) -> str | None:
	"""A BIN: YYMM of registration, 4 = resident legal entity, 0 = head office, a 5-digit serial, check digit."""
	first = f"{registered:%y%m}40{serial % 100000:05d}"
	digit = check_digit(first)
	return None if digit is None else first + str(digit)
