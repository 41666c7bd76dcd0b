# Agency style in English: "16 November 2025, 14:30".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"  # "16 November"
TIME_FORMAT = "H:i"
