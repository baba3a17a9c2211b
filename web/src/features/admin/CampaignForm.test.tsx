import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CampaignForm, campaignBody, validateCampaign } from './CampaignForm';

function setup(onCreate = vi.fn(async () => ({}))) {
  render(<CampaignForm timeZone="America/New_York" onCreate={onCreate} />);
  return { onCreate, user: userEvent.setup() };
}

describe('campaign form validation', () => {
  it('checks the name (trimmed, 1..=200 characters), both days, and the end not before the start', () => {
    expect(validateCampaign({ name: '  ', start: '', end: '' })).toEqual({
      name: 'Enter a name.',
      start: 'Choose the first day.',
      end: 'Choose the last day.',
    });
    expect(validateCampaign({ name: 'x'.repeat(201), start: '2027-01-02', end: '2027-01-01' })).toEqual({
      name: 'At most 200 characters.',
      end: 'The last day must not be before the first.',
    });
    expect(validateCampaign({ name: ` ${'x'.repeat(200)} `, start: '2027-01-01', end: '2027-01-01' })).toEqual({});
  });

  it("sends the account's days as instants: the first day's midnight to the last day's 23:59:59", () => {
    expect(campaignBody({ name: ' Q1 NPS ', start: '2027-01-01', end: '2027-03-31' }, 'America/New_York')).toEqual({
      name: 'Q1 NPS',
      starts_at: '2027-01-01T05:00:00.000Z',
      ends_at: '2027-04-01T03:59:59.000Z',
    });
    expect(campaignBody({ name: 'x', start: '2027-07-01', end: '2027-07-01' }, 'UTC')).toEqual({
      name: 'x',
      starts_at: '2027-07-01T00:00:00.000Z',
      ends_at: '2027-07-01T23:59:59.000Z',
    });
  });

  it('shows the errors inline, tied to their fields, and sends nothing', async () => {
    const { onCreate, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Create campaign' }));
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('Enter a name.');
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Start')).toHaveAccessibleDescription('Choose the first day.');
    expect(screen.getByLabelText('End')).toHaveAccessibleDescription('Choose the last day.');
    expect(onCreate).not.toHaveBeenCalled();
  });

  it('sends a valid draft once and empties the form', async () => {
    const { onCreate, user } = setup();
    await user.type(screen.getByLabelText('Name'), 'Winter Pulse');
    await user.type(screen.getByLabelText('Start'), '2027-01-10');
    await user.type(screen.getByLabelText('End'), '2027-01-20');
    await user.click(screen.getByRole('button', { name: 'Create campaign' }));
    expect(onCreate).toHaveBeenCalledTimes(1);
    expect(onCreate).toHaveBeenCalledWith({ name: 'Winter Pulse', starts_at: '2027-01-10T05:00:00.000Z', ends_at: '2027-01-21T04:59:59.000Z' });
    expect(screen.getByLabelText('Name')).toHaveValue('');
    expect(screen.getByLabelText('Name')).not.toHaveAttribute('aria-invalid');
  });

  it("keeps the draft and shows the API's message when the API refuses it", async () => {
    const onCreate = vi.fn(async () => {
      throw new Error('refused');
    });
    const user = userEvent.setup();
    const { rerender } = render(<CampaignForm timeZone="UTC" onCreate={onCreate} />);
    await user.type(screen.getByLabelText('Name'), 'Overlapping');
    await user.type(screen.getByLabelText('Start'), '2027-01-10');
    await user.type(screen.getByLabelText('End'), '2027-01-20');
    await user.click(screen.getByRole('button', { name: 'Create campaign' }));
    rerender(<CampaignForm timeZone="UTC" onCreate={onCreate} error={'Campaign "Autumn Pulse" overlaps with the requested date range'} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Campaign "Autumn Pulse" overlaps with the requested date range');
    expect(screen.getByLabelText('Name')).toHaveValue('Overlapping');
    // A draft the form itself refuses does not keep showing the API's older message.
    await user.clear(screen.getByLabelText('Name'));
    await user.click(screen.getByRole('button', { name: 'Create campaign' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('Enter a name.');
  });
});
