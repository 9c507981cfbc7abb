-- A doctor counts against the plan and is offered at check-in when this is
-- true: active and not deleted. The one definition, used by dq_push's plan
-- limit, the owner's setup checklist, the operator portal and usage metering.
CREATE OR REPLACE FUNCTION dq_doctor_active(data jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce((data ->> 'active')::boolean, false) AND NOT coalesce((data ->> '_deleted')::boolean, false)
$$;
