"""The JSON shapes of the API (pydantic models), each with an example for the OpenAPI pages.

They are what researchers program against: field names are contracts. Builders named
`..._public` turn query results (app.queries) into these shapes; they never touch the database.
"""
