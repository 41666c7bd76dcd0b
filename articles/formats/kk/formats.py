# Django ships no Kazakh formats; these follow Kazakh usage: «16 қараша 2025, 14:30».
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
MONTH_DAY_FORMAT = "j E"  # «16 қараша»
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
