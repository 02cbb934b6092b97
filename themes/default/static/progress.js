/* progress module: learner profiles, tracking, export/import (see issue 6) */
