def _(message: str) -> str:
	"""Marks a message for translation extraction; controllers translate it when they raise."""
	return message


class DomainError(ValueError):
	"""A rule was broken. `message` is an English template with {0}-style placeholders."""

	def __init__(self, message: str, *args):
		super().__init__(message.format(*args))
		self.message = message
		self.args_ = args
