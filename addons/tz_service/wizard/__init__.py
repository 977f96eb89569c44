from . import tz_diagnosis_walk
from . import tz_service_search
from . import tz_kb_article_submit
