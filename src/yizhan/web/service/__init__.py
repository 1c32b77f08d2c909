"""Running the application as a service: the task worker's heartbeat (``worker`` command) and
the deployment checks of ``yizhan check-deploy`` (:mod:`yizhan.web.service.checks`)."""
