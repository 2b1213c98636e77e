import json
import os

import pytest
import requests


@pytest.fixture(scope="session")
def stack() -> dict:
	"""The fixtures scripts/test made on the site, and where nginx listens."""
	data = json.loads(os.environ["PRODUCTION_FIXTURES"])
	data["url"] = f"http://{data['site']}:{os.environ.get('HTTP_PORT', '80')}"
	return data


def signed_in(stack: dict, user: str) -> requests.Session:
	"""A browser-like session through nginx: a password login, its cookies kept."""
	session = requests.Session()
	response = session.post(f"{stack['url']}/api/method/login", data={"usr": user, "pwd": stack["password"]})
	assert response.status_code == 200, response.text
	return session
