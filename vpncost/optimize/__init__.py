"""The cheapest network that meets its targets: a design optimizer over sites, Direct Connect locations and ports.

``vpncost optimize NETWORK`` keeps the network's Regions, gateways, accounts and traffic, and chooses how each site
connects (:mod:`~vpncost.optimize.candidates`: VPNs, accelerated or 5 Gbps-tunnel VPNs, a VPN Concentrator seat,
hosted or dedicated Direct Connect at the nearest locations, with a VPN backup or at two locations) and what the
sites share (dedicated ports, Concentrators, the Direct Connect gateway's attachments), so that the month's cost
(AWS, the customer's circuits, optionally the expected outage cost) is the least that meets every site's
availability, round-trip and capacity targets and the budget. :mod:`~vpncost.optimize.program` states and
solves it as one mixed-integer program; the answer is re-priced by the network engine
(:func:`vpncost.model.network.build`), which is the figure shown.
"""
from vpncost.optimize.program import Optimizer, Settings, frontier, optimize  # noqa: F401
