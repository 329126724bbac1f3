"""Server side: SQL models, repositories, mungers, managers and the JSON API."""
