"""suzhou-news builder: raw Chinese news pages to a validated, versioned Parquet dataset."""
