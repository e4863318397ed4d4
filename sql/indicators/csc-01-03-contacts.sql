-- CSC-01 Contacts received (count, month)
--   contacts with contact_at in the window
-- CSC-02 Contacts with a decision within 1 working day (%, month)
--   contacts in the window with decision_at not null and
--   wd(date(contact_at), date(decision_at)) <= 1 / contacts in the window
-- CSC-03 Contacts progressing to referral (%, month)
--   contacts in the window with outcome = REFERRAL / contacts in the window
-- Window: the month P; YTD: 1 April of FY(P) to Pend, same definitions.
-- date(x) is the UK local date: the *_local_date columns.
-- Grain: one row per indicator (three rows).

with contact_rows as (
    select contact_at_local_date, decision_at_local_date, outcome
    from contacts
),

working_days as (
    select day, working_day_number
    from calendar
),

contacts_in_year as (
    select
        c.contact_at_local_date,
        c.outcome,
        cb.working_day_number - ca.working_day_number as decision_working_days,
        case when c.contact_at_local_date >= :pstart then 1 else 0 end as in_month
    from contact_rows as c
    left join working_days as ca on ca.day = c.contact_at_local_date
    left join working_days as cb on cb.day = c.decision_at_local_date
    where c.contact_at_local_date between :fy_start and :pend
),

totals as (
    select
        sum(in_month) as month_contacts,
        sum(case when in_month = 1 and decision_working_days <= 1 then 1 else 0 end) as month_decided,
        sum(case when in_month = 1 and outcome = 'REFERRAL' then 1 else 0 end) as month_referred,
        count(*) as ytd_contacts,
        sum(case when decision_working_days <= 1 then 1 else 0 end) as ytd_decided,
        sum(case when outcome = 'REFERRAL' then 1 else 0 end) as ytd_referred
    from contacts_in_year
),

final as (
    select
        'CSC-01' as indicator_id,
        :period as period,
        cast(coalesce(month_contacts, 0) as double) as numerator,
        cast(null as double) as denominator,
        cast(coalesce(month_contacts, 0) as double) as value,
        cast(ytd_contacts as double) as ytd_numerator,
        cast(null as double) as ytd_denominator,
        cast(ytd_contacts as double) as ytd_value
    from totals
    union all
    select
        'CSC-02', :period,
        cast(coalesce(month_decided, 0) as double),
        cast(coalesce(month_contacts, 0) as double),
        cast(month_decided as double) * 100 / nullif(month_contacts, 0),
        cast(coalesce(ytd_decided, 0) as double),
        cast(ytd_contacts as double),
        cast(ytd_decided as double) * 100 / nullif(ytd_contacts, 0)
    from totals
    union all
    select
        'CSC-03', :period,
        cast(coalesce(month_referred, 0) as double),
        cast(coalesce(month_contacts, 0) as double),
        cast(month_referred as double) * 100 / nullif(month_contacts, 0),
        cast(coalesce(ytd_referred, 0) as double),
        cast(ytd_contacts as double),
        cast(ytd_referred as double) * 100 / nullif(ytd_contacts, 0)
    from totals
)

select * from final
