"""The parsed store: report files listed and checked, parsed into rows, kept as Parquet
parts with a manifest (update.py), ready for the warehouse build."""
