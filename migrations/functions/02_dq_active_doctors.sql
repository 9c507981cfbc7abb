-- Active doctors of a clinic (dq_doctor_active), for the plan limit and the counts shown to owners and operators.
CREATE OR REPLACE FUNCTION dq_active_doctors(p_clinic uuid) RETURNS int
LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM docs WHERE clinic_id = p_clinic AND collection = 'doctors' AND dq_doctor_active(data)
$$;
