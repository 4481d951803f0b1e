"""A connector whose operator is unreachable: every hand-over fails."""

from acts.gateway import Gateway, GatewayError


class UnreachableGateway(Gateway):
    name = "unreachable"
    calls = 0

    def send_act(self, *, act, archive_name, archive):
        UnreachableGateway.calls += 1
        raise GatewayError("Opérateur injoignable (délai dépassé).")

    send_message = send_act

    def send_accounting_file(self, *, accounting_file):
        raise GatewayError("Opérateur injoignable (délai dépassé).")
