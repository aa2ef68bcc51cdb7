"""Infrastructure code in: Terraform plans and CloudFormation templates read into networks, priced, diffed.

Readers (:mod:`~vpncost.iac.terraform`, :mod:`~vpncost.iac.cloudformation`) turn their input into
:class:`~vpncost.iac.resources.Resource` rows; :mod:`~vpncost.iac.translate` makes the network they describe
(:mod:`vpncost.network`) and lists what became of every resource; :mod:`~vpncost.iac.usage` adds the traffic
code does not carry; :mod:`~vpncost.iac.estimate` prices the network before and after a plan and the design
alternatives it suggests.
"""
