"""The ispmanager billing upstream: the API client, its errors and records, and the simulator.

Modules (imported where used, to keep start-up fast — `requests` is not cheap):
`client` (IspmanagerClient, ClientSettings, the table of upstream names), `errors` (one type per
cause), `records` (typed replies), `envelope` (reading BILLmanager's JSON), `redaction` (secrets out
of log lines), `simulator` (a loopback billing with fault injection: `start_simulator()`), and its
parts `simulator_state`, `simulator_faults`, `simulator_catalog`, `simulator_ca`.
"""
