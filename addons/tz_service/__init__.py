from . import lib
from . import models
from . import wizard
from . import controllers
