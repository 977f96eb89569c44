from . import tz_directory_company_merge
