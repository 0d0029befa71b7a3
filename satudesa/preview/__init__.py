"""Everything that runs Flask: flask run and the Frozen-Flask reference freezer."""
