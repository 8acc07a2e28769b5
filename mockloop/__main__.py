from mockloop.cli import run

run()
