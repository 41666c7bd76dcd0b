# Dates as a Russian reader writes them: «16 ноября 2025, 14:30».
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
MONTH_DAY_FORMAT = "j E"  # «16 ноября»
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
