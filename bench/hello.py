"""The smallest Flask app, served like the real one: the baseline the benchmark compares against."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello"
