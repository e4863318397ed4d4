-- EH-01 Early help contacts triaged within 5 working days (%, month)
--   episodes with triage_date in the window and wd(contact_date, triage_date) <= 5
--   / episodes with triage_date in the window
-- EH-02 Early help assessments completed within 35 working days (%, month)
--   episodes with assessment_completed in the window and
--   wd(assessment_start, assessment_completed) <= 35 / episodes with
--   assessment_completed in the window
-- EH-03 Early help assessments completed by partners (%, month)
--   episodes with assessment_completed in the window and assessment_by = PARTNER
--   / episodes with assessment_completed in the window
-- YTD: the same over 1 April of FY(P) to Pend.
-- Grain: one row per indicator (three rows).

with early_help_rows as (
    select contact_date, triage_date, assessment_start, assessment_completed, assessment_by
    from early_help
),

working_days as (
    select day, working_day_number
    from calendar
),

triages_in_year as (
    select
        case when e.triage_date >= :pstart then 1 else 0 end as in_month,
        case when wt.working_day_number - wc.working_day_number <= 5 then 1 else 0 end as is_in_timescale
    from early_help_rows as e
    left join working_days as wc on wc.day = e.contact_date
    left join working_days as wt on wt.day = e.triage_date
    where e.triage_date between :fy_start and :pend
),

assessments_in_year as (
    select
        case when e.assessment_completed >= :pstart then 1 else 0 end as in_month,
        case when wa.working_day_number - ws.working_day_number <= 35 then 1 else 0 end as is_in_timescale,
        case when e.assessment_by = 'PARTNER' then 1 else 0 end as is_by_partner
    from early_help_rows as e
    left join working_days as ws on ws.day = e.assessment_start
    left join working_days as wa on wa.day = e.assessment_completed
    where e.assessment_completed between :fy_start and :pend
),

triage_totals as (
    select
        coalesce(sum(in_month), 0) as month_triaged,
        coalesce(sum(in_month * is_in_timescale), 0) as month_in_timescale,
        count(*) as ytd_triaged,
        coalesce(sum(is_in_timescale), 0) as ytd_in_timescale
    from triages_in_year
),

assessment_totals as (
    select
        coalesce(sum(in_month), 0) as month_completed,
        coalesce(sum(in_month * is_in_timescale), 0) as month_in_timescale,
        coalesce(sum(in_month * is_by_partner), 0) as month_by_partner,
        count(*) as ytd_completed,
        coalesce(sum(is_in_timescale), 0) as ytd_in_timescale,
        coalesce(sum(is_by_partner), 0) as ytd_by_partner
    from assessments_in_year
),

final as (
    select
        'EH-01' as indicator_id,
        :period as period,
        cast(month_in_timescale as double) as numerator,
        cast(month_triaged as double) as denominator,
        cast(month_in_timescale as double) * 100 / nullif(month_triaged, 0) as value,
        cast(ytd_in_timescale as double) as ytd_numerator,
        cast(ytd_triaged as double) as ytd_denominator,
        cast(ytd_in_timescale as double) * 100 / nullif(ytd_triaged, 0) as ytd_value
    from triage_totals
    union all
    select
        'EH-02', :period,
        cast(month_in_timescale as double),
        cast(month_completed as double),
        cast(month_in_timescale as double) * 100 / nullif(month_completed, 0),
        cast(ytd_in_timescale as double),
        cast(ytd_completed as double),
        cast(ytd_in_timescale as double) * 100 / nullif(ytd_completed, 0)
    from assessment_totals
    union all
    select
        'EH-03', :period,
        cast(month_by_partner as double),
        cast(month_completed as double),
        cast(month_by_partner as double) * 100 / nullif(month_completed, 0),
        cast(ytd_by_partner as double),
        cast(ytd_completed as double),
        cast(ytd_by_partner as double) * 100 / nullif(ytd_completed, 0)
    from assessment_totals
)

select * from final
