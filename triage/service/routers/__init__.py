"""One router per resource; :data:`triage.service.main.ROUTERS` lists them."""
